package dev.signet.ctlog.embedded.postgresql;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;

/** A data source whose connections fail while armed: the shared log's database going away, in tests. */
final class FaultyDataSource {

    /** How the database fails while armed. */
    enum Fault {
        /** No connection can be opened: the database is down. */
        DOWN,
        /** COMMIT reaches the database and succeeds, but the client sees the connection break: the outcome is unknown to it. */
        COMMIT_LOST
    }

    private final DataSource delegate;
    private volatile Fault fault;

    FaultyDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    void arm(Fault how) {
        fault = how;
    }

    void disarm() {
        fault = null;
    }

    DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        if (fault == Fault.DOWN) {
                            throw new SQLTransientConnectionException("Connection refused (armed fault)");
                        }
                        return connection((Connection) invoke(method, delegate, args));
                    }
                    return invoke(method, delegate, args);
                });
    }

    private Connection connection(Connection real) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit") && fault == Fault.COMMIT_LOST) {
                        real.commit();
                        real.close();
                        throw new SQLException("An I/O error occurred while sending to the backend (armed fault)",
                                "08006");
                    }
                    return invoke(method, real, args);
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
