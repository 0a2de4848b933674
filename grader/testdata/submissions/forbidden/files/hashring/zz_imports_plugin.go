package hashring

import _ "plugin"
