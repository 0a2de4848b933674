package paxos // want `^build-constraint: file name suffix _linux: student files are built under every configuration`

func fast() {}
