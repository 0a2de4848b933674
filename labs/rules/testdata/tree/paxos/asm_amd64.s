// want `^non-go-file: .s file — student packages are Go only`
TEXT ·nothing(SB),0,$0-0
	RET
