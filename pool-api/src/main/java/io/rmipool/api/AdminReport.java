package io.rmipool.api;

import java.io.Serializable;

/**
 * What an admin operation did: one line for people ({@code "resized from 10 to 4 connections: ..."}),
 * and the pool's stats right after it, for scripts.
 */
public record AdminReport(String summary, PoolStats stats) implements Serializable {
}
