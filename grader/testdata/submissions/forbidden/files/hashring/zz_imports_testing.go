package hashring

import _ "testing"
