package io.weir.operations.audit;

import java.util.List;

/** The audit log as CSV (RFC 4180: fields with commas, quotes or line breaks are quoted). */
public final class AuditCsv {

    private AuditCsv() {
    }

    public static String of(List<AuditEntry> entries) {
        StringBuilder csv = new StringBuilder(
                "id,at,actor,channel,client_address,source,object,action,result,message,duration_ms,job_id,parameters,before,after,hash\n");
        for (AuditEntry e : entries) {
            Object[] fields = {e.id, e.at, e.actor, e.channel, e.clientAddress, e.source, e.object, e.action, e.result,
                    e.message, e.durationMillis, e.jobId, e.parameters, e.before, e.after, e.hash};
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) {
                    csv.append(',');
                }
                csv.append(field(fields[i]));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    private static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
