package io.weir.operations.audit;

/**
 * The result of re-computing the audit chain.
 *
 * @param verified    entries checked and found intact, from the first
 * @param firstBroken the first entry that breaks the chain, null when intact
 * @param reason      what is wrong with it, null when intact
 */
public record AuditVerification(boolean intact, long verified, Long firstBroken, String reason) {

    static AuditVerification intact(long verified) {
        return new AuditVerification(true, verified, null, null);
    }

    static AuditVerification broken(long verified, long firstBroken, String reason) {
        return new AuditVerification(false, verified, firstBroken, reason);
    }
}
