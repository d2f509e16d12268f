package io.rmipool.client.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs a test class (or method) only where a Docker engine answers; elsewhere it is skipped with one line saying
 * why (Testcontainers' own {@code disabledWithoutDocker} says nothing). CI installs and starts Docker
 * and fails when integration tests were skipped, so there they always run.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EnabledIfDocker.Condition.class)
public @interface EnabledIfDocker {

    /** The check behind the annotation. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return DockerClientFactory.instance().isDockerAvailable()
                    ? ConditionEvaluationResult.enabled("a Docker engine is reachable")
                    : ConditionEvaluationResult.disabled("no Docker engine reachable: container tests skipped "
                            + "(start dockerd; .ci/run installs docker.io and does)");
        }
    }
}
