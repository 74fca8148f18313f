package io.weir.broker.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway self-signed certificate for 127.0.0.1 and localhost, made at test time with the
 * JDK's keytool and written as the PEM files the listener reads. Nothing is kept after the test.
 */
record TestCertificate(Path certificate, Path key, String certificatePem) {

    private static final char[] STORE_PASSWORD = "throwaway".toCharArray();

    static TestCertificate create(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path store = dir.resolve("listener.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "listener", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", new String(STORE_PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, STORE_PASSWORD);
        }
        Key key = keys.getKey("listener", STORE_PASSWORD);
        String certificatePem = pem("CERTIFICATE", keys.getCertificate("listener").getEncoded());
        Path certificate = Files.writeString(dir.resolve("listener.crt"), certificatePem);
        Path keyFile = Files.writeString(dir.resolve("listener.key"), pem("PRIVATE KEY", key.getEncoded()));
        Files.delete(store);
        return new TestCertificate(certificate, keyFile, certificatePem);
    }

    ListenerSecurity.Tls tls() {
        return new ListenerSecurity.Tls(certificate, key);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
