package hashring

// A compile bomb: each F(k) instantiates F(k-1) with two new types, so
// compiling Bomb instantiates 2^40 functions. The compiler runs, and
// grows, until it is stopped.

func bomb0[T any](x T) T  { return x }
func bomb1[T any](x T) T  { bomb0([2]T{x, x}); bomb0(struct{ a, b T }{x, x}); return x }
func bomb2[T any](x T) T  { bomb1([2]T{x, x}); bomb1(struct{ a, b T }{x, x}); return x }
func bomb3[T any](x T) T  { bomb2([2]T{x, x}); bomb2(struct{ a, b T }{x, x}); return x }
func bomb4[T any](x T) T  { bomb3([2]T{x, x}); bomb3(struct{ a, b T }{x, x}); return x }
func bomb5[T any](x T) T  { bomb4([2]T{x, x}); bomb4(struct{ a, b T }{x, x}); return x }
func bomb6[T any](x T) T  { bomb5([2]T{x, x}); bomb5(struct{ a, b T }{x, x}); return x }
func bomb7[T any](x T) T  { bomb6([2]T{x, x}); bomb6(struct{ a, b T }{x, x}); return x }
func bomb8[T any](x T) T  { bomb7([2]T{x, x}); bomb7(struct{ a, b T }{x, x}); return x }
func bomb9[T any](x T) T  { bomb8([2]T{x, x}); bomb8(struct{ a, b T }{x, x}); return x }
func bomb10[T any](x T) T { bomb9([2]T{x, x}); bomb9(struct{ a, b T }{x, x}); return x }
func bomb11[T any](x T) T { bomb10([2]T{x, x}); bomb10(struct{ a, b T }{x, x}); return x }
func bomb12[T any](x T) T { bomb11([2]T{x, x}); bomb11(struct{ a, b T }{x, x}); return x }
func bomb13[T any](x T) T { bomb12([2]T{x, x}); bomb12(struct{ a, b T }{x, x}); return x }
func bomb14[T any](x T) T { bomb13([2]T{x, x}); bomb13(struct{ a, b T }{x, x}); return x }
func bomb15[T any](x T) T { bomb14([2]T{x, x}); bomb14(struct{ a, b T }{x, x}); return x }
func bomb16[T any](x T) T { bomb15([2]T{x, x}); bomb15(struct{ a, b T }{x, x}); return x }
func bomb17[T any](x T) T { bomb16([2]T{x, x}); bomb16(struct{ a, b T }{x, x}); return x }
func bomb18[T any](x T) T { bomb17([2]T{x, x}); bomb17(struct{ a, b T }{x, x}); return x }
func bomb19[T any](x T) T { bomb18([2]T{x, x}); bomb18(struct{ a, b T }{x, x}); return x }
func bomb20[T any](x T) T { bomb19([2]T{x, x}); bomb19(struct{ a, b T }{x, x}); return x }
func bomb21[T any](x T) T { bomb20([2]T{x, x}); bomb20(struct{ a, b T }{x, x}); return x }
func bomb22[T any](x T) T { bomb21([2]T{x, x}); bomb21(struct{ a, b T }{x, x}); return x }
func bomb23[T any](x T) T { bomb22([2]T{x, x}); bomb22(struct{ a, b T }{x, x}); return x }
func bomb24[T any](x T) T { bomb23([2]T{x, x}); bomb23(struct{ a, b T }{x, x}); return x }
func bomb25[T any](x T) T { bomb24([2]T{x, x}); bomb24(struct{ a, b T }{x, x}); return x }
func bomb26[T any](x T) T { bomb25([2]T{x, x}); bomb25(struct{ a, b T }{x, x}); return x }
func bomb27[T any](x T) T { bomb26([2]T{x, x}); bomb26(struct{ a, b T }{x, x}); return x }
func bomb28[T any](x T) T { bomb27([2]T{x, x}); bomb27(struct{ a, b T }{x, x}); return x }
func bomb29[T any](x T) T { bomb28([2]T{x, x}); bomb28(struct{ a, b T }{x, x}); return x }
func bomb30[T any](x T) T { bomb29([2]T{x, x}); bomb29(struct{ a, b T }{x, x}); return x }
func bomb31[T any](x T) T { bomb30([2]T{x, x}); bomb30(struct{ a, b T }{x, x}); return x }
func bomb32[T any](x T) T { bomb31([2]T{x, x}); bomb31(struct{ a, b T }{x, x}); return x }
func bomb33[T any](x T) T { bomb32([2]T{x, x}); bomb32(struct{ a, b T }{x, x}); return x }
func bomb34[T any](x T) T { bomb33([2]T{x, x}); bomb33(struct{ a, b T }{x, x}); return x }
func bomb35[T any](x T) T { bomb34([2]T{x, x}); bomb34(struct{ a, b T }{x, x}); return x }
func bomb36[T any](x T) T { bomb35([2]T{x, x}); bomb35(struct{ a, b T }{x, x}); return x }
func bomb37[T any](x T) T { bomb36([2]T{x, x}); bomb36(struct{ a, b T }{x, x}); return x }
func bomb38[T any](x T) T { bomb37([2]T{x, x}); bomb37(struct{ a, b T }{x, x}); return x }
func bomb39[T any](x T) T { bomb38([2]T{x, x}); bomb38(struct{ a, b T }{x, x}); return x }
func bomb40[T any](x T) T { bomb39([2]T{x, x}); bomb39(struct{ a, b T }{x, x}); return x }

// Bomb is what makes the compiler instantiate them.
func Bomb() int { return bomb40(1) }
