package dev.signet.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * SoftHSM2 for a JUnit 5 test: skips the class (or method) when SoftHSM is not installed, unless
 * {@code SIGNET_REQUIRE_SOFTHSM=true}, where the test runs and fails loudly; and gives each
 * {@link SoftHsm.Token} parameter (of a test, {@code @BeforeEach} or {@code @BeforeAll} method) a
 * token of its own from {@link SoftHsm#newToken()}. Tokens need no closing: the pool is wiped at
 * the start of the next run.
 */
public final class SoftHsmExtension implements ExecutionCondition, ParameterResolver {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return SoftHsm.usableOrRequired()
                ? ConditionEvaluationResult.enabled("SoftHSM2 is usable or required")
                : ConditionEvaluationResult.disabled("SoftHSM2 tests skipped: " + SoftHsm.unavailableReason());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SoftHsm.Token.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return SoftHsm.newToken();
    }
}
