certificates = "/srv/prosody-certs"
Include "/srv/prosody/*.cfg.lua"
