// Command cluster runs a lab's servers as a real cluster on this machine:
// the node code of the lab's package in the module it is run from (a
// student's own, in a handout), unchanged, one process per node on
// loopback ports, on the real clock, over TCP, with its storage on disk
// (package live).
//
//	go run ./live/cmd/cluster start paxos          # 3 kvpaxos servers, in ./cluster
//	go run ./live/cmd/cluster kv put x hello       # from another terminal
//	go run ./live/cmd/cluster kv append x ", world"
//	go run ./live/cmd/cluster kv get x
//	go run ./live/cmd/cluster load --clerks 4 --duration 10s
//
// start runs the servers of hashring (with its controller), election or
// paxos (part C's key/value service), writes the cluster's layout to
// DIR/cluster.json and each node's process id to DIR/nI/pid, and stays
// in the foreground: it reports nodes that exit, reads console commands
// (kill N, stop N, restart N, status, quit) and stops every node cleanly
// on Ctrl-C or SIGTERM. A node restarts from its data directory (its
// storage and its log, node.log, are in DIR/nI), as does a whole cluster
// started again on the same directory. serve runs one node; start runs
// each node as a serve process of its own binary.
//
// kv and load are clients of the paxos lab's service: each is a client
// node of its own (on one of the client ids that the layout reserves),
// with one clerk (kv) or several (load) from the lab's kvpaxos package.
// A client's data directory, DIR/clients/nI, outlives its process, so
// that each process on an id is a new incarnation of it: rpc then drops
// a late reply to an earlier process's call instead of taking it for the
// reply to a call of this one.
// load reports throughput and latency percentiles.
//
// It is a command of its own, not a grader subcommand, for three reasons:
// it must build from the module it runs in, so that it runs the student's
// packages (go run ./live/cmd/cluster does, in the official tree and in a
// handout alike); it links the live runtime and every lab's package,
// which the grader, which runs the labs' tests as separate go test
// processes, has no need of; and a node process is the same binary
// started again (serve), which a small command keeps quick to start.
package main
