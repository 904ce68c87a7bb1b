package io.darkroom.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The permission matrix of README "Roles", written out here once more: a change to either side fails. */
class PermissionMatrixTest {
    private static final Role A = Role.ARTIST;
    private static final Role S = Role.SUPERVISOR;
    private static final Role O = Role.OPS;
    private static final Role D = Role.ADMIN;

    static final Map<Permission, Set<Role>> EXPECTED = Map.ofEntries(
            Map.entry(Permission.JOB_READ, EnumSet.of(A, S, O, D)),
            Map.entry(Permission.JOB_SUBMIT, EnumSet.of(A, S)),
            Map.entry(Permission.JOB_CONTROL_OWN, EnumSet.of(A, S)),
            Map.entry(Permission.JOB_CONTROL_ANY, EnumSet.of(S)),
            Map.entry(Permission.JOB_PRIORITY, EnumSet.of(S, O)),
            Map.entry(Permission.JOB_APPROVE, EnumSet.of(S)),
            Map.entry(Permission.WORKER_READ, EnumSet.of(S, O, D)),
            Map.entry(Permission.WORKER_CONTROL, EnumSet.of(O)),
            Map.entry(Permission.CATALOG_READ, EnumSet.of(A, S, O, D)),
            Map.entry(Permission.AUDIT_READ, EnumSet.of(S, D)),
            Map.entry(Permission.USER_MANAGE, EnumSet.of(D)),
            Map.entry(Permission.MODEL_MANAGE, EnumSet.of(D)),
            Map.entry(Permission.BENCH_RUN, EnumSet.of(D)),
            Map.entry(Permission.QUEUE_READ, EnumSet.of(S, O, D)),
            Map.entry(Permission.METRICS_READ, EnumSet.of(O, D)),
            Map.entry(Permission.API_DOCS, EnumSet.of(A, S, O, D)));

    @Test
    void everyPermissionHasExactlyTheRolesOfTheTable() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(Permission.values());
        for (Permission p : Permission.values()) {
            assertThat(p.roles()).as(p.name()).isEqualTo(EXPECTED.get(p));
            for (Role r : Role.values()) {
                Identity one = new Identity("x", "X", "darkroom", Set.of(r));
                assertThat(one.may(p))
                        .as(r + " may " + p)
                        .isEqualTo(EXPECTED.get(p).contains(r));
            }
        }
    }

    @Test
    void opsCannotApproveAndNobodyButAdminManagesUsers() {
        Identity ops = new Identity("oli", "Oli", "darkroom", Set.of(Role.OPS));
        assertThat(ops.may(Permission.JOB_APPROVE)).isFalse();
        assertThat(ops.may(Permission.JOB_PRIORITY)).isTrue();
        Identity everyoneButAdmin = new Identity("x", null, "darkroom", EnumSet.of(A, S, O));
        assertThat(everyoneButAdmin.may(Permission.USER_MANAGE)).isFalse();
        assertThat(everyoneButAdmin.may(Permission.MODEL_MANAGE)).isFalse();
        assertThat(everyoneButAdmin.name()).as("no display name: the subject").isEqualTo("x");
    }

    @Test
    void aNoRoleIdentityMayNothing() {
        Identity none = Identity.of("x", "X", "https://idp", java.util.List.of("viewer", "offline_access"));
        assertThat(none.roles()).isEmpty();
        for (Permission p : Permission.values()) {
            assertThat(none.may(p)).as(p.name()).isFalse();
        }
        assertThat(none.rolesText()).isEqualTo("none");
    }

    @Test
    void rolesAreReadCaseInsensitivelyAndTheRefusalNamesThem() {
        assertThat(Identity.of("x", "X", "i", java.util.List.of("Supervisor", " OPS "))
                        .roles())
                .containsExactlyInAnyOrder(Role.SUPERVISOR, Role.OPS);
        assertThat(Permission.JOB_APPROVE.rolesText()).isEqualTo("supervisor");
        assertThat(Permission.JOB_PRIORITY.rolesText()).isEqualTo("supervisor or ops");
        assertThat(Permission.WORKER_READ.rolesText()).isEqualTo("supervisor, ops or admin");
    }
}
