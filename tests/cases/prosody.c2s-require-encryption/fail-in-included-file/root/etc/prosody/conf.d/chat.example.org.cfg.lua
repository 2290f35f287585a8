-- Section for chat.example.org

VirtualHost "chat.example.org"
	c2s_require_encryption = false
