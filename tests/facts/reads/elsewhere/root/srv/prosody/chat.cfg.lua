VirtualHost "chat.example.org"
