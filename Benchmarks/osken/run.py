"""Runs an app of this directory under os-ken, as `osken-manager` did before os-ken dropped it:
python run.py --ofp-listen-host 127.0.0.1 --ofp-tcp-listen-port PORT
The app is learning_switch.py, or the module named by OSKEN_APP (e.g. flow_install)."""

import os
import sys

from os_ken.lib import hub

hub.patch(thread=False)

from os_ken import cfg  # noqa: E402  (after the eventlet patch, as osken-manager did)
from os_ken.base.app_manager import AppManager  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
cfg.CONF(args=sys.argv[1:], project='os_ken')
AppManager.run_apps([os.environ.get('OSKEN_APP', 'learning_switch')])
