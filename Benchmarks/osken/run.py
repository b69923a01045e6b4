"""Runs learning_switch.py under os-ken, as `osken-manager` did before os-ken dropped it:
python run.py --ofp-listen-host 127.0.0.1 --ofp-tcp-listen-port PORT"""

import os
import sys

from os_ken.lib import hub

hub.patch(thread=False)

from os_ken import cfg  # noqa: E402  (after the eventlet patch, as osken-manager did)
from os_ken.base.app_manager import AppManager  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
cfg.CONF(args=sys.argv[1:], project='os_ken')
AppManager.run_apps(['learning_switch'])
