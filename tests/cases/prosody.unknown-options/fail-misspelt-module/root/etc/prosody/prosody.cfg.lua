-- Prosody XMPP Server Configuration
--
-- Hardened configuration for chat.example.org (Prosody 0.12).

admins = { "admin@chat.example.org" }

plugin_paths = { "/usr/local/lib/prosody/modules" }

modules_enabled = {
	"disco"; -- Service discovery
	"roster"; -- Allow users to have a roster
	"saslauth"; -- Authentication for clients and servers
	"tls"; -- Add support for secure TLS on c2s/s2s connections
	"blocklist"; -- Allow users to block communications with other users
	"mod_carbons"; -- Keep multiple online clients in sync
	"dialback"; -- Support for verifying remote servers using DNS
	"limts"; -- Enable bandwidth limiting for XMPP connections
	"pep"; -- Allow users to store public and private data in their account
	"smacks"; -- Stream management and resumption (XEP-0198)
	"mam"; -- Store recent messages to allow multi-device synchronization
	"invites"; -- Create and manage invites
	"invites_register"; -- Allows invited users to create accounts
	"register"; -- Allow users to change passwords
	"ping"; -- Replies to XMPP pings with pongs
	"admin_adhoc"; -- Allows administration via an XMPP client
	"admin_shell"; -- Allow secure administration via 'prosodyctl shell'
	"posix"; -- POSIX functionality
}

modules_disabled = {
}

allow_registration = false

c2s_require_encryption = true
s2s_require_encryption = true
s2s_secure_auth = true

tls_profile = "intermediate"

limits = {
	c2s = {
		rate = "10kb/s";
	};
	s2sin = {
		rate = "30kb/s";
	};
}

c2s_stanza_size_limit = 64 * 1024
s2s_stanza_size_limit = 64 * 1024

authentication = "internal_hashed"

archive_expires_after = "1w"

log = {
	info = "/var/log/prosody/prosody.log";
	error = "/var/log/prosody/prosody.err";
	{ levels = { "error" }; to = "syslog";  };
}

pidfile = "/run/prosody/prosody.pid"

certificates = "certs"

VirtualHost "chat.example.org"

Component "conference.chat.example.org" "muc"
	modules_enabled = { "muc_mam" }
