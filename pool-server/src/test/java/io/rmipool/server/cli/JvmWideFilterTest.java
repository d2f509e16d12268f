package io.rmipool.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import javax.management.Attribute;
import javax.management.BadAttributeValueExpException;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The server's JVM-wide filter: what a JMX client sends, and nothing else. */
class JvmWideFilterTest {
    private static Object roundTrip(Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter(ServerMain.JMX_ONLY));
            return in.readObject();
        }
    }

    @Test
    void whatAJmxClientSendsPasses() throws Exception {
        ObjectName name = new ObjectName("io.rmipool:type=Pool,name=\"pool\"");
        assertThat(roundTrip(name)).isEqualTo(name);
        assertThat(roundTrip(new String[] {"ActiveConnections", "IdleConnections"})).isInstanceOf(String[].class);
        assertThat(roundTrip(new Attribute("x", 1L))).isInstanceOf(Attribute.class);
        assertThat(roundTrip(new ArrayList<>(List.of("a", 1)))).isEqualTo(List.of("a", 1));
    }

    @Test
    void anythingElseIsRefused() {
        assertThatThrownBy(() -> roundTrip(new HashMap<>(java.util.Map.of("k", "v"))))
                .isInstanceOf(InvalidClassException.class);
        assertThatThrownBy(() -> roundTrip(new BadAttributeValueExpException("x")))
                .as("a JMX class with behaviour on deserialization").isInstanceOf(InvalidClassException.class);
        assertThatThrownBy(() -> roundTrip(new ArrayList<>(List.of(new java.util.Date()))))
                .as("inside an allowed collection").isInstanceOf(InvalidClassException.class);
    }
}
