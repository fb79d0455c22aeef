module dmxp.local/dmxp

go 1.21
