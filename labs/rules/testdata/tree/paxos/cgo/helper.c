// want `^non-go-file: .c file`
int helper(void) { return 1; }
