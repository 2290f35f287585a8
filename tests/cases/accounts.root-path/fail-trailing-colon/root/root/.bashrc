# added by a tool installer
export PATH=$PATH:/opt/tool/bin:
