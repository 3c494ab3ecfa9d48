package lodestar.install;

import com.google.crypto.tink.subtle.AesGcmJce;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import lodestar.secret.ServerSecret;

/**
 * Tokens at rest: sealed with AES-GCM under a key derived from the server secret, bound to their installation, so
 * that a database dump gives nobody a token, and a token copied to another installation's row does not open.
 */
final class TokenSeal {
    private final AesGcmJce aead;

    TokenSeal(ServerSecret secret) {
        try {
            this.aead = new AesGcmJce(secret.key("lodestar/install/token/v1", 32));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is available on every JDK", e);
        }
    }

    byte[] seal(String installKey, String token) {
        try {
            return aead.encrypt(token.getBytes(StandardCharsets.UTF_8), installKey.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token; fails when the server secret is not the one it was sealed with. */
    String open(String installKey, byte[] sealed) {
        try {
            return new String(
                    aead.decrypt(sealed, installKey.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The token of installation " + installKey + " does not open with this"
                    + " server secret: was LODESTAR_SECRET changed? Install Lodestar again in that workspace.");
        }
    }
}
