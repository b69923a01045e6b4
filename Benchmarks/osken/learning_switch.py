"""The learning switch every OpenFlow controller ships, for os-ken and OpenFlow 1.3: the same
behaviour as Switchboard's `--app l2-learning` (and os-ken's former simple_switch_13 example):
table-miss to the controller; learn source MAC -> in_port; a known destination gets a flow and a
PACKET_OUT to its port, an unknown one a flood."""

from os_ken.base import app_manager
from os_ken.controller import ofp_event
from os_ken.lib import addrconv
from os_ken.controller.handler import CONFIG_DISPATCHER, MAIN_DISPATCHER, set_ev_cls
from os_ken.ofproto import ofproto_v1_3


class LearningSwitch(app_manager.OSKenApp):
    OFP_VERSIONS = [ofproto_v1_3.OFP_VERSION]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tables = {}

    @set_ev_cls(ofp_event.EventOFPSwitchFeatures, CONFIG_DISPATCHER)
    def on_features(self, ev):
        datapath = ev.msg.datapath
        ofp, parser = datapath.ofproto, datapath.ofproto_parser
        self.tables[datapath.id] = {}
        to_controller = parser.OFPActionOutput(ofp.OFPP_CONTROLLER, ofp.OFPCML_NO_BUFFER)
        instructions = [parser.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS, [to_controller])]
        datapath.send_msg(parser.OFPFlowMod(datapath=datapath, priority=0, match=parser.OFPMatch(),
                                            instructions=instructions))

    @set_ev_cls(ofp_event.EventOFPPacketIn, MAIN_DISPATCHER)
    def on_packet_in(self, ev):
        msg = ev.msg
        datapath = msg.datapath
        ofp, parser = datapath.ofproto, datapath.ofproto_parser
        in_port = msg.match['in_port']
        data = msg.data
        # The two addresses are the frame's first 12 bytes; no need for a full packet parse.
        destination, source = data[0:6], data[6:12]
        table = self.tables.setdefault(datapath.id, {})
        if not source[0] & 1:
            table[source] = in_port
        learned = table.get(destination)
        if learned is not None and learned != in_port:
            match = parser.OFPMatch(in_port=in_port, eth_dst=addrconv.mac.bin_to_text(destination))
            instructions = [parser.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS,
                                                         [parser.OFPActionOutput(learned)])]
            datapath.send_msg(parser.OFPFlowMod(datapath=datapath, priority=10, idle_timeout=60,
                                                match=match, instructions=instructions))
        out_port = learned if learned is not None else ofp.OFPP_FLOOD
        no_buffer = msg.buffer_id == ofp.OFP_NO_BUFFER
        datapath.send_msg(parser.OFPPacketOut(datapath=datapath, buffer_id=msg.buffer_id, in_port=in_port,
                                              actions=[parser.OFPActionOutput(out_port)],
                                              data=data if no_buffer else None))
