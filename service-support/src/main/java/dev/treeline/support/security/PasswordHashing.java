package dev.treeline.support.security;

import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;

import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

import io.quarkus.elytron.security.common.BcryptUtil;

/** bcrypt (cost 10, Modular Crypt Format "$2a$10$...") through WildFly Elytron, as quarkus-security-jpa does it. */
public final class PasswordHashing {

    private static final WildFlyElytronPasswordProvider PROVIDER = WildFlyElytronPasswordProvider.getInstance();
    /** Verified against when the user does not exist, so unknown users take as long as wrong passwords. */
    private static final String DECOY = BcryptUtil.bcryptHash("decoy password that nobody has");

    private PasswordHashing() {
    }

    public static String hash(String password) {
        return BcryptUtil.bcryptHash(password);
    }

    /** Whether {@code value} is a bcrypt hash in Modular Crypt Format ($2a$, $2b$ or $2y$, cost, salt and hash). */
    public static boolean isBcrypt(String value) {
        return value != null && value.matches("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}");
    }

    /** Whether {@code password} matches {@code hash}; a null hash checks against a decoy and fails. */
    public static boolean matches(char[] password, String hash) {
        boolean known = hash != null;
        try {
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, PROVIDER);
            Password stored = factory.translate(ModularCrypt.decode(known ? hash : DECOY));
            return factory.verify(stored, password) && known;
        } catch (InvalidKeySpecException | NoSuchAlgorithmException | java.security.InvalidKeyException e) {
            return false;
        }
    }
}
