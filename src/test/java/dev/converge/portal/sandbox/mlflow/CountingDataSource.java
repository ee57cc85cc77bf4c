package dev.converge.portal.sandbox.mlflow;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * A data source that counts the SQL statements prepared or created through it: the benchmark's "queries per call",
 * a figure that does not depend on how busy the machine is.
 */
final class CountingDataSource {

    private final AtomicLong statements = new AtomicLong();
    private final DataSource counting;

    CountingDataSource(DataSource target) {
        this.counting = proxy(DataSource.class, target, (method, result) -> method.equals("getConnection")
                ? proxy(Connection.class, result, (inner, statement) -> {
                    if (inner.startsWith("prepare") || inner.equals("createStatement")) {
                        statements.incrementAndGet();
                    }
                    return statement;
                }) : result);
    }

    DataSource dataSource() {
        return counting;
    }

    long statements() {
        return statements.get();
    }

    private interface Wrap {
        Object apply(String method, Object result);
    }

    private static <T> T proxy(Class<T> type, Object target, Wrap wrap) {
        InvocationHandler handler = (self, method, args) -> {
            try {
                return wrap.apply(method.getName(), method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
