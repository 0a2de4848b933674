TEXT ·nothing(SB),0,$0-0
	RET
