package io.darkroom.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.local.DarkroomClient;
import java.io.Console;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** {@code login}, {@code logout}, {@code whoami} and {@code users add|list}. */
final class AuthCommands {
    static final String LOGIN_USAGE = "usage: darkroom login [NAME] [--password P] [--process <url>]"
            + " (password: --password, else $DARKROOM_PASSWORD, else asked) | darkroom login --token JWT|-"
            + " [--process <url>]";
    static final String USERS_USAGE = "usage: darkroom users add NAME --role R[,R...] [--password P] [--name \"Display"
            + " Name\"] | darkroom users roles NAME --role R[,R...] | darkroom users remove NAME | darkroom users list"
            + "   (admin; roles: artist, supervisor, ops, admin)";

    private final PrintStream out;
    private final PrintStream err;

    AuthCommands(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int login(Args a) {
        if (a.positional().size() > 1) {
            throw CliException.usage(LOGIN_USAGE);
        }
        String token = a.option("token", null);
        if (token != null) {
            return loginWithToken(a, token);
        }
        String user = a.positional().isEmpty()
                ? System.getenv("DARKROOM_USER")
                : a.positional().get(0);
        if (user == null || user.isBlank()) {
            user = ask("user: ", false);
        }
        String password = password(a, "password for " + user + ": ");
        JobCommands.Endpoints ep = JobCommands.endpoints(a, false);
        DarkroomClient.Login l;
        try {
            l = new DarkroomClient(ep.ingest(), ep.process()).login(user, password);
        } catch (DarkroomClient.ApiException e) {
            throw CliException.failed("sign-in refused (" + e.status() + "): " + e.detail());
        }
        Credentials.of(ep.process(), l).write();
        out.println("signed in as " + l.name() + " (" + l.subject() + ", roles " + String.join(", ", l.roles())
                + ") until " + l.expiresAt());
        err.println("token kept in " + Credentials.location() + " (mode 0600); ./darkroom logout removes it");
        return 0;
    }

    /**
     * Keeps a token someone else issued (the site's OpenID provider: {@code kcadm}, a device flow, a browser
     * plug-in): process-service must accept it ({@code GET /auth/me}) before it is kept; its expiry is the JWT's
     * {@code exp}.
     */
    private int loginWithToken(Args a, String given) {
        String token = "-".equals(given) ? readStdin() : given.strip();
        if (token.isEmpty()) {
            throw CliException.usage("--token needs a token (or - to read it from stdin)\n" + LOGIN_USAGE);
        }
        JobCommands.Endpoints ep = JobCommands.endpoints(a, false);
        JsonNode me;
        try {
            me = new DarkroomClient(ep.ingest(), ep.process(), token).me();
        } catch (DarkroomClient.ApiException e) {
            throw CliException.failed("process-service refused the token (" + e.status() + "): " + e.detail());
        }
        List<String> roles = new ArrayList<>();
        me.path("roles").forEach(r -> roles.add(r.asText()));
        Credentials c = new Credentials(
                ep.process(),
                token,
                Credentials.expiry(token),
                me.path("subject").asText(),
                me.path("name").asText(),
                me.path("issuer").asText(),
                roles);
        c.write();
        out.println("signed in as " + c.name() + " (" + c.subject() + " at " + c.issuer() + ", roles "
                + String.join(", ", roles) + ")" + (c.expiresAt() == null ? "" : " until " + c.expiresAt()));
        err.println("token kept in " + Credentials.location() + " (mode 0600); ./darkroom logout removes it");
        return 0;
    }

    private static String readStdin() {
        try {
            return new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip();
        } catch (java.io.IOException e) {
            throw CliException.failed("cannot read the token from stdin: " + e.getMessage());
        }
    }

    int logout() {
        boolean had = Credentials.delete();
        out.println(had ? "signed out (removed " + Credentials.location() + ")" : "not signed in");
        return 0;
    }

    int whoami(Args a) {
        JobCommands.Endpoints ep = JobCommands.endpoints(a, false);
        JsonNode me;
        try {
            me = new DarkroomClient(ep.ingest(), ep.process(), Credentials.requireToken()).me();
        } catch (DarkroomClient.ApiException e) {
            throw CliException.failed("process-service refused the token (" + e.status() + "): " + e.detail());
        }
        out.println(me.path("name").asText() + " (" + me.path("subject").asText() + " at "
                + me.path("issuer").asText() + "), roles " + me.path("roles").toString());
        return 0;
    }

    int users(Args a) {
        if (a.positional().isEmpty()) {
            throw CliException.usage(USERS_USAGE);
        }
        JobCommands.Endpoints ep = JobCommands.endpoints(a, false);
        DarkroomClient client = new DarkroomClient(ep.ingest(), ep.process(), Credentials.requireToken());
        try {
            switch (a.positional().get(0)) {
                case "list" -> {
                    for (JsonNode u : client.users()) {
                        out.println(u.path("username").asText() + "\t"
                                + u.path("name").asText() + "\t"
                                + u.path("roles").toString());
                    }
                    return 0;
                }
                case "add" -> {
                    if (a.positional().size() != 2) {
                        throw CliException.usage(USERS_USAGE);
                    }
                    String name = a.positional().get(1);
                    String roles = a.option("role", null);
                    if (roles == null || roles.isBlank()) {
                        throw CliException.usage("--role is required\n" + USERS_USAGE);
                    }
                    String password = password(a, "new password for " + name + ": ");
                    JsonNode u =
                            client.addUser(name, a.option("name", null), password, List.of(roles.split("\\s*,\\s*")));
                    out.println("user " + u.path("username").asText() + " added, roles " + u.path("roles"));
                    return 0;
                }
                case "roles" -> {
                    String roles = a.option("role", null);
                    if (a.positional().size() != 2 || roles == null || roles.isBlank()) {
                        throw CliException.usage(USERS_USAGE);
                    }
                    JsonNode u = client.setRoles(a.positional().get(1), List.of(roles.split("\\s*,\\s*")));
                    out.println("user " + u.path("username").asText() + " now has roles " + u.path("roles")
                            + " (tokens issued before keep their roles until they expire)");
                    return 0;
                }
                case "remove" -> {
                    if (a.positional().size() != 2) {
                        throw CliException.usage(USERS_USAGE);
                    }
                    client.removeUser(a.positional().get(1));
                    out.println("user " + a.positional().get(1) + " removed (tokens issued before work until they"
                            + " expire)");
                    return 0;
                }
                default -> throw CliException.usage(USERS_USAGE);
            }
        } catch (DarkroomClient.ApiException e) {
            throw CliException.failed("process-service refused (" + e.status() + "): " + e.detail());
        }
    }

    static final String TRUST_USAGE = "usage: darkroom trust-model NAME --sha256 HEX [--fp16-sha256 HEX]   (admin:"
            + " registers a model already in the services' registry folder in the trusted model catalog, by the"
            + " hashes `darkroom models import-npm` / `models list` printed)";

    /** {@code trust-model NAME --sha256 HEX [--fp16-sha256 HEX]}: POST /models as the signed-in admin. */
    int trustModel(Args a) {
        String sha = a.option("sha256", null);
        if (a.positional().size() != 1 || sha == null) {
            throw CliException.usage(TRUST_USAGE);
        }
        JobCommands.Endpoints ep = JobCommands.endpoints(a, false);
        DarkroomClient client = new DarkroomClient(ep.ingest(), ep.process(), Credentials.requireToken());
        try {
            JsonNode m = client.trustModel(a.positional().get(0), sha, a.option("fp16-sha256", null));
            out.println("model " + m.path("name").asText() + " trusted (sha256 "
                    + m.path("sha256").asText() + (m.path("trustedFp16").asBoolean() ? ", float16 variant too" : "")
                    + ")");
            return 0;
        } catch (DarkroomClient.ApiException e) {
            throw CliException.failed("process-service refused (" + e.status() + "): " + e.detail());
        }
    }

    private static String password(Args a, String prompt) {
        String p = a.option("password", null);
        if (p == null) {
            p = System.getenv("DARKROOM_PASSWORD");
        }
        return p != null ? p : ask(prompt, true);
    }

    private static String ask(String prompt, boolean secret) {
        Console c = System.console();
        if (c == null) {
            throw CliException.usage("no terminal to ask on: " + LOGIN_USAGE);
        }
        if (secret) {
            char[] pw = c.readPassword("%s", prompt);
            return pw == null ? "" : new String(pw);
        }
        String s = c.readLine("%s", prompt);
        return s == null ? "" : s.strip();
    }
}
