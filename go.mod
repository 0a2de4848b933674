module github.com/distlab/distlab

go 1.26

require github.com/stretchr/testify v1.11.1
