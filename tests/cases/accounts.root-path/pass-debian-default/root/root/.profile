# ~/.profile
if [ "$BASH" ]; then
  . ~/.bashrc
fi
