package dev.converge.portal.chat;

import dev.converge.portal.shared.postgres.OnPostgres;

/** The chat manager's integration suite with its sessions and messages stored in PostgreSQL. */
@OnPostgres(covers = ChatStore.class)
class ChatOnPostgresTests extends ChatIntegrationTests {
}
