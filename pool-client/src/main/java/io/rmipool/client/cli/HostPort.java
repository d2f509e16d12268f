package io.rmipool.client.cli;

import picocli.CommandLine;

/**
 * A {@code --server} value: {@code host:port}, {@code host} alone (port 1099), or {@code [v6addr]:port}.
 *
 * @param host a non-empty host name or address, without brackets
 * @param port 1 to 65535
 */
record HostPort(String host, int port) {
    static final int DEFAULT_PORT = 1099;

    /**
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    static HostPort parse(String text) {
        String t = text == null ? "" : text.trim();
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw bad(text, "missing ']'");
            }
            host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw bad(text, "expected ':' after ']'");
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = t.lastIndexOf(':');
            if (colon >= 0 && t.indexOf(':') != colon) {
                throw bad(text, "write an IPv6 address as [address]:port");
            }
            host = colon < 0 ? t : t.substring(0, colon);
            port = colon < 0 ? null : t.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw bad(text, "the host is missing");
        }
        return new HostPort(host, port == null ? DEFAULT_PORT : parsePort(text, port));
    }

    private static int parsePort(String text, String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(text, "the port must be a number from 1 to 65535");
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65_535) {
            throw bad(text, "the port must be a number from 1 to 65535");
        }
        return p;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("'" + text + "' is not host:port (" + why + ")");
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Lets picocli report a malformed value as a usage error. */
    static final class Converter implements CommandLine.ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
