{{/* The chart name, or nameOverride. */}}
{{- define "signet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The prefix of every resource name: release name and chart name, once. */}}
{{- define "signet.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "signet.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "signet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "signet.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "signet.labels" -}}
helm.sh/chart: {{ include "signet.chart" . }}
{{ include "signet.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: signet
{{- end }}

{{- define "signet.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "signet.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* registry/repository@digest when a digest is given, registry/repository:tag otherwise. */}}
{{- define "signet.image" -}}
{{- $repository := .Values.image.repository }}
{{- if .Values.image.registry }}
{{- $repository = printf "%s/%s" .Values.image.registry .Values.image.repository }}
{{- end }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" $repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "signet.identityFileName" -}}
{{- printf "identity.%s" .Values.config.format }}
{{- end }}

{{- define "signet.dataClaimName" -}}
{{- default (printf "%s-data" (include "signet.fullname" .)) .Values.ctlog.embedded.persistence.existingClaim }}
{{- end }}

{{/*
Refuses value combinations that would deploy a broken or unsafe CA. Included by the Deployment,
so `helm template` and `helm install` both stop with the message.
*/}}
{{- define "signet.validate" -}}
{{- if and (eq .Values.ca.type "file") (not .Values.ca.existingSecret) }}
{{- fail "ca.existingSecret is required with ca.type=file: create a Secret holding the CA's encrypted private key (key \"private\"), its PEM chain (\"cert\") and the key's password (\"password\"), and name it in ca.existingSecret. The chart never generates CA keys; for a throwaway demo only, set ca.type=ephemeral." }}
{{- end }}
{{- if and (eq .Values.ca.type "kms") (or (not .Values.ca.kms.key) (not .Values.ca.kms.certChainSecret)) }}
{{- fail "ca.kms.key and ca.kms.certChainSecret are required with ca.type=kms: the key reference (awskms://, gcpkms://, hashivault://) and an existing Secret holding the PEM chain whose first certificate holds the KMS key's public key (signet ca create --kms-key makes one)." }}
{{- end }}
{{- if eq .Values.ctlog.type "embedded" }}
{{- if gt (int .Values.replicaCount) 1 }}
{{- fail (printf "ctlog.type=embedded keeps the log on one PersistentVolumeClaim and allows exactly one replica, but replicaCount is %d: use ctlog.type=remote to run more replicas." (int .Values.replicaCount)) }}
{{- end }}
{{- if .Values.autoscaling.enabled }}
{{- fail "ctlog.type=embedded allows exactly one replica, so autoscaling.enabled must be false: use ctlog.type=remote to autoscale." }}
{{- end }}
{{- end }}
{{- if eq .Values.ctlog.type "remote" }}
{{- if not .Values.ctlog.remote.url }}
{{- fail "ctlog.remote.url is required with ctlog.type=remote (the log's base URL, before /ct/v1/)." }}
{{- end }}
{{- if not .Values.ctlog.remote.publicKey }}
{{- fail "ctlog.remote.publicKey is required with ctlog.type=remote (the log's PEM public key, to verify its SCTs)." }}
{{- end }}
{{- end }}
{{- if and .Values.autoscaling.enabled (lt (int .Values.autoscaling.maxReplicas) (int .Values.autoscaling.minReplicas)) }}
{{- fail "autoscaling.maxReplicas must not be below autoscaling.minReplicas." }}
{{- end }}
{{- end }}
