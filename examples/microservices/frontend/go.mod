module dmxp.local/examples/microservices/frontend

go 1.21

require dmxp.local/dmxp v0.0.0

replace dmxp.local/dmxp => ../../../bindings/go
