package dev.treeline.support.security.sigv4;

/**
 * The components of an {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}
 * header, found in place (no substring, no split): each component is a {@link Span} of the header, or null when the
 * header does not have it. Parsed as AWS does: the value is trimmed, the algorithm is what comes before the first
 * space, components are separated by ',' and trimmed, each must be {@code name=value} (name and value trimmed), the
 * names are case-sensitive, the last of a repeated component counts, empty components and unknown names are
 * ignored.
 *
 * @param credential    {@code keyid/date/region/service/aws4_request}, or null
 * @param signedHeaders the ';'-separated lower-case names, or null
 * @param signature     the hex HMAC, or null
 */
record AuthorizationHeader(Span credential, Span signedHeaders, Span signature) {

    /** @throws IncompleteSignatureException another algorithm than AWS4-HMAC-SHA256, a component without '=' */
    static AuthorizationHeader parse(String header) {
        int start = skipSpace(header, 0, header.length());
        int end = trimEnd(header, start, header.length());
        int space = header.indexOf(' ', start);
        if (space >= end) {
            space = -1;
        }
        int algorithmEnd = space < 0 ? end : space;
        String algorithm = CanonicalRequest.ALGORITHM;
        if (algorithmEnd - start != algorithm.length() || !header.startsWith(algorithm, start)) {
            throw new IncompleteSignatureException("Unsupported Authorization type or algorithm '"
                    + SigV4Exception.printable(header.substring(start, algorithmEnd))
                    + "': only AWS Signature Version 4 (AWS4-HMAC-SHA256) is accepted.");
        }
        Span credential = null;
        Span signedHeaders = null;
        Span signature = null;
        // Without a space the components are read from the whole value (and the algorithm name is then refused as a
        // component without '='), as AWS answers "Authorization: AWS4-HMAC-SHA256".
        int pos = space < 0 ? start : space + 1;
        while (true) {
            int comma = header.indexOf(',', pos);
            if (comma < 0 || comma > end) {
                comma = end;
            }
            int from = skipSpace(header, pos, comma);
            int to = trimEnd(header, from, comma);
            if (from < to) {
                int eq = header.indexOf('=', from);
                if (eq < 0 || eq >= to) {
                    throw new IncompleteSignatureException("'" + SigV4Exception.printable(header.substring(from, to))
                            + "' not a valid key=value pair (missing equal-sign) in Authorization header.");
                }
                int nameEnd = trimEnd(header, from, eq);
                int valueFrom = skipSpace(header, eq + 1, to);
                Span value = new Span(header, valueFrom, to);
                if (is(header, from, nameEnd, "Credential")) {
                    credential = value;
                } else if (is(header, from, nameEnd, "SignedHeaders")) {
                    signedHeaders = value;
                } else if (is(header, from, nameEnd, "Signature")) {
                    signature = value;
                } // AWS ignores other components
            }
            if (comma >= end) {
                return new AuthorizationHeader(credential, signedHeaders, signature);
            }
            pos = comma + 1;
        }
    }

    private static boolean is(String s, int from, int to, String name) {
        return to - from == name.length() && s.startsWith(name, from);
    }

    /** The first index in [from, to) that {@link String#trim()} would keep, or {@code to}. */
    private static int skipSpace(String s, int from, int to) {
        while (from < to && s.charAt(from) <= ' ') {
            from++;
        }
        return from;
    }

    /** The end of [from, to) without what {@link String#trim()} removes at the end. */
    private static int trimEnd(String s, int from, int to) {
        while (to > from && s.charAt(to - 1) <= ' ') {
            to--;
        }
        return to;
    }
}
