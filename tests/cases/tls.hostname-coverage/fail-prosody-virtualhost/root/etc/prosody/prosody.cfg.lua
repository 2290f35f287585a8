admins = { }
modules_enabled = { "tls"; "roster" }
c2s_require_encryption = true

VirtualHost "example.org"
    ssl = {
        certificate = "/etc/prosody/certs/example.org.crt";
        key = "/etc/prosody/certs/example.org.key";
    }

VirtualHost "chat.example.org"
    ssl = {
        certificate = "/etc/prosody/certs/example.org.crt";
        key = "/etc/prosody/certs/example.org.key";
    }

