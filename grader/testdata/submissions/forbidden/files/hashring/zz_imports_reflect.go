package hashring

import _ "reflect"
