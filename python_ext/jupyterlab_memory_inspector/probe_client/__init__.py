"""What talks to the kernel's probe from outside: the code that installs it, and the one guarded
call that asks it something. Used by the server and by the command line."""
