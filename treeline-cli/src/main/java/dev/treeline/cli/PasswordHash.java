package dev.treeline.cli;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.spec.EncryptablePasswordSpec;
import org.wildfly.security.password.spec.IteratedSaltedPasswordAlgorithmSpec;
import org.wildfly.security.password.util.ModularCrypt;

/** bcrypt in Modular Crypt Format, as the services store and verify passwords (Elytron, cost 10 by default). */
final class PasswordHash {

    private PasswordHash() {
    }

    static String bcrypt(char[] password, int cost) {
        try {
            byte[] salt = new byte[BCryptPassword.BCRYPT_SALT_SIZE];
            new SecureRandom().nextBytes(salt);
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT,
                    WildFlyElytronPasswordProvider.getInstance());
            var hashed = factory.generatePassword(new EncryptablePasswordSpec(password,
                    new IteratedSaltedPasswordAlgorithmSpec(cost, salt)));
            return ModularCrypt.encodeAsString(hashed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("bcrypt is unavailable: " + e.getMessage(), e);
        }
    }

    static boolean matches(char[] password, String hash) {
        try {
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT,
                    WildFlyElytronPasswordProvider.getInstance());
            return factory.verify(factory.translate(ModularCrypt.decode(hash)), password);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
