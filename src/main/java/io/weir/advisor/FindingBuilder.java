package io.weir.advisor;

/** Findings about one object, so each check states only what differs. */
record FindingBuilder(String source, String object, String objectType) {

    static FindingBuilder of(String source, String object, String objectType) {
        return new FindingBuilder(source, object, objectType);
    }

    Finding critical(String check, String title, String evidence, String why, String fix) {
        return finding(check, Severity.CRITICAL, title, evidence, why, fix);
    }

    Finding warning(String check, String title, String evidence, String why, String fix) {
        return finding(check, Severity.WARNING, title, evidence, why, fix);
    }

    Finding info(String check, String title, String evidence, String why, String fix) {
        return finding(check, Severity.INFO, title, evidence, why, fix);
    }

    private Finding finding(String check, Severity severity, String title, String evidence, String why, String fix) {
        return new Finding(source, object, objectType, check, severity, title, evidence, why, fix, null);
    }
}
