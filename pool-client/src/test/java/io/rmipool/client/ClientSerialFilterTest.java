package io.rmipool.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.rmipool.api.PoolSession;
import java.io.ObjectInputFilter;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class ClientSerialFilterTest {
    private final ObjectInputFilter filter = ClientSerialFilter.filter();

    private static ObjectInputFilter.FilterInfo info(Class<?> type, long depth) {
        return new ObjectInputFilter.FilterInfo() {
            public Class<?> serialClass() { return type; }
            public long arrayLength() { return -1; }
            public long depth() { return depth; }
            public long references() { return 1; }
            public long streamBytes() { return 100; }
        };
    }

    @Test
    void admitsAStubsWholeHierarchy() {
        Class<?> stub = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PoolSession.class},
                (proxy, method, args) -> null).getClass();
        assertThat(filter.checkInput(info(stub, 1))).isEqualTo(ObjectInputFilter.Status.ALLOWED);
        assertThat(filter.checkInput(info(Proxy.class, 1))).isEqualTo(ObjectInputFilter.Status.ALLOWED);
    }

    @Test
    void stillRefusesOtherClassesAndDeepGraphs() {
        assertThat(filter.checkInput(info(java.util.HashMap.class, 1))).isEqualTo(ObjectInputFilter.Status.REJECTED);
        assertThat(filter.checkInput(info(Proxy.class, 1000))).isEqualTo(ObjectInputFilter.Status.REJECTED);
    }
}
