package dev.signet.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The private cluster the shared-log tests crash: committed rows survive an immediate stop, and it comes back. */
class PrivatePostgresTest {

    @BeforeAll
    static void postgresql() {
        PrivatePostgres.assumeAvailable();
    }

    @Test
    void committedRowsSurviveACrashAndTheClusterStartsAgainOnItsPort() throws Exception {
        Path directory;
        try (PrivatePostgres postgres = PrivatePostgres.start()) {
            assertTrue(postgres.jdbcUrl().startsWith("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/"));
            postgres.sql("CREATE TABLE entries (id bigint PRIMARY KEY)");
            postgres.sql("INSERT INTO entries SELECT generate_series(1, 100)");

            postgres.stopImmediately();
            assertThrows(IOException.class, () -> postgres.sql("SELECT 1"), "no server while stopped");
            assertTrue(postgres.serverLog().contains("immediate shutdown"), postgres.serverLog());

            postgres.startAgain();
            assertEquals("100", postgres.sql("SELECT count(*) FROM entries"), "the committed rows were replayed");
            assertTrue(postgres.serverLog().contains("not properly shut down"), "the restart recovered from a crash");
            directory = Path.of(postgres.sql("SHOW data_directory")).getParent();
        }
        assertTrue(Files.notExists(directory), "close deletes the cluster");
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start()) {
            assertEquals("127.0.0.1", postgres.sql("SHOW listen_addresses"));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", postgres.port()), 5000);
            }
        }
    }
}
