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

{{/* "true" when the embedded log is shared in PostgreSQL, so several pods may run; empty otherwise. */}}
{{- define "signet.sharedLog" -}}
{{- if and (eq .Values.ctlog.type "embedded") (eq .Values.ctlog.embedded.storage "postgresql") }}true{{ end }}
{{- end }}

{{/* "true" when the embedded log is on the local claim, which allows one pod only; empty otherwise. */}}
{{- define "signet.localLog" -}}
{{- if and (eq .Values.ctlog.type "embedded") (ne .Values.ctlog.embedded.storage "postgresql") }}true{{ end }}
{{- end }}

{{/* The autoscaler's switch: as set, or, when null, on exactly with the shared log. */}}
{{- define "signet.autoscalingEnabled" -}}
{{- if kindIs "invalid" .Values.autoscaling.enabled }}{{ include "signet.sharedLog" . }}
{{- else if .Values.autoscaling.enabled }}true
{{- end }}
{{- end }}

{{/* The PodDisruptionBudget's switch: as set, or, when null, on exactly with the shared log. */}}
{{- define "signet.pdbEnabled" -}}
{{- if kindIs "invalid" .Values.podDisruptionBudget.enabled }}{{ include "signet.sharedLog" . }}
{{- else if .Values.podDisruptionBudget.enabled }}true
{{- end }}
{{- end }}

{{/* Where the database's CA certificate is mounted, when one is given. */}}
{{- define "signet.databaseCaDir" -}}/var/run/signet-database-ca{{- end }}

{{/* The JDBC URL of the shared log's database (pgjdbc's sslmode and sslrootcert parameters). */}}
{{- define "signet.databaseUrl" -}}
{{- $db := .Values.database }}
{{- $url := printf "jdbc:postgresql://%s:%d/%s?sslmode=%s" $db.host (int $db.port) $db.name $db.tls.sslmode }}
{{- if or $db.tls.caCert.secretName $db.tls.caCert.configMapName }}
{{- $url = printf "%s&sslrootcert=%s/%s" $url (include "signet.databaseCaDir" .) $db.tls.caCert.key }}
{{- end }}
{{- $url }}
{{- end }}

{{- define "signet.dataClaimName" -}}
{{- default (printf "%s-data" (include "signet.fullname" .)) .Values.ctlog.embedded.persistence.existingClaim }}
{{- end }}

{{/*
Refuses value combinations that would deploy a broken or unsafe CA, beyond those values.schema.json
refuses (several replicas on the local log, the shared log without its database, ...). Included by
the Deployment, so `helm template` and `helm install` both stop with the message.
*/}}
{{- define "signet.validate" -}}
{{- if and (eq .Values.ca.type "file") (not .Values.ca.existingSecret) }}
{{- fail "ca.existingSecret is required with ca.type=file: create a Secret holding the CA's encrypted private key (key \"private\"), its PEM chain (\"cert\") and the key's password (\"password\"), and name it in ca.existingSecret. The chart never generates CA keys; for a throwaway demo only, set ca.type=ephemeral." }}
{{- end }}
{{- if and (eq .Values.ca.type "kms") (or (not .Values.ca.kms.key) (not .Values.ca.kms.certChainSecret)) }}
{{- fail "ca.kms.key and ca.kms.certChainSecret are required with ca.type=kms: the key reference (awskms://, gcpkms://, hashivault://) and an existing Secret holding the PEM chain whose first certificate holds the KMS key's public key (signet ca create --kms-key makes one)." }}
{{- end }}
{{- if and .Values.ca.kms.vault.kubernetes.role .Values.ca.kms.vault.tokenSecret }}
{{- fail "ca.kms.vault.kubernetes.role and ca.kms.vault.tokenSecret are both set: choose one way to authenticate to Vault." }}
{{- end }}
{{- if eq .Values.ctlog.type "remote" }}
{{- if not .Values.ctlog.remote.url }}
{{- fail "ctlog.remote.url is required with ctlog.type=remote (the log's base URL, before /ct/v1/)." }}
{{- end }}
{{- if not .Values.ctlog.remote.publicKey }}
{{- fail "ctlog.remote.publicKey is required with ctlog.type=remote (the log's PEM public key, to verify its SCTs)." }}
{{- end }}
{{- end }}
{{- if and (include "signet.autoscalingEnabled" .) (lt (int .Values.autoscaling.maxReplicas) (int .Values.autoscaling.minReplicas)) }}
{{- fail "autoscaling.maxReplicas must not be below autoscaling.minReplicas." }}
{{- end }}
{{- end }}
