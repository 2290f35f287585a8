# site policy
umask 027
