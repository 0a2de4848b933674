// want `^non-go-file: .h file`
