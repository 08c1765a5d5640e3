package dev.signet.ca.kms;

import java.util.function.Function;

/**
 * Connects to the keys of one KMS service. Each service's package ({@code aws}, {@code gcp},
 * {@code vault}) provides one and lists it in {@code META-INF/services/dev.signet.ca.kms.KmsConnector};
 * {@link KmsCa#connect} finds them there (the {@code ca} command-line tool connects outside CDI), so
 * this package never imports the packages of its variants.
 */
public interface KmsConnector {

    /** The service whose key references ({@code awskms://}, {@code gcpkms://}, {@code hashivault://}) this connects. */
    KmsKeyReference.Service service();

    /**
     * A client for the key {@code settings} name.
     *
     * @throws KmsException when the client cannot be set up
     */
    KmsKey connect(KmsSettings settings);

    /** A connector that is one service's static {@code connect(KmsSettings)}. */
    abstract class ForService implements KmsConnector {
        private final KmsKeyReference.Service service;
        private final Function<KmsSettings, KmsKey> connect;

        protected ForService(KmsKeyReference.Service service, Function<KmsSettings, KmsKey> connect) {
            this.service = service;
            this.connect = connect;
        }

        @Override
        public KmsKeyReference.Service service() {
            return service;
        }

        @Override
        public KmsKey connect(KmsSettings settings) {
            return connect.apply(settings);
        }
    }
}
