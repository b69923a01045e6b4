"""os-ken's side of the flow-installation benchmark (issue #6): when the switch connects, send
FLOWS distinct flow mods (ip,nw_dst=10.x.y.z,actions=output:2 — the same flows as
Benchmarks/Tools/FlowInstall), then one barrier; print the seconds from the first flow mod to the
barrier reply and exit."""

import os
import time

from os_ken.base import app_manager
from os_ken.controller import ofp_event
from os_ken.controller.handler import CONFIG_DISPATCHER, MAIN_DISPATCHER, set_ev_cls
from os_ken.ofproto import ofproto_v1_4

FLOWS = int(os.environ.get("FLOWS", "100000"))


class FlowInstall(app_manager.OSKenApp):
    OFP_VERSIONS = [ofproto_v1_4.OFP_VERSION]

    @set_ev_cls(ofp_event.EventOFPSwitchFeatures, CONFIG_DISPATCHER)
    def on_features(self, ev):
        datapath = ev.msg.datapath
        ofp, parser = datapath.ofproto, datapath.ofproto_parser
        self.start = time.monotonic()
        for index in range(FLOWS):
            address = 0x0A000000 + index
            match = parser.OFPMatch(eth_type=0x0800, ipv4_dst="%d.%d.%d.%d" % (
                address >> 24, (address >> 16) & 0xFF, (address >> 8) & 0xFF, address & 0xFF))
            actions = [parser.OFPActionOutput(2)]
            instructions = [parser.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS, actions)]
            datapath.send_msg(parser.OFPFlowMod(datapath=datapath, priority=100, match=match,
                                                instructions=instructions))
        datapath.send_msg(parser.OFPBarrierRequest(datapath))

    @set_ev_cls(ofp_event.EventOFPBarrierReply, [CONFIG_DISPATCHER, MAIN_DISPATCHER])
    def on_barrier(self, ev):
        print("osken_seconds=%.3f" % (time.monotonic() - self.start), flush=True)
        os._exit(0)
