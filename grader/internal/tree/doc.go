// Package tree copies and checks distlab source trees: the official tree
// the grader runs from, the submissions it grades, and the scratch trees
// it assembles from both.
//
// A copy takes the module's source and nothing else: hidden files and
// directories (.git, .github; .gitignore files stay), nested modules (a
// handout written inside the tree, the grader's sample submissions), test
// binaries and symbolic links are left out. Assemble builds a grading
// tree: the staff-owned files that grading builds from the official tree
// (its top files, the labs, and the packages they and the student packages
// import), and the student packages, and only those, from the submission.
package tree
