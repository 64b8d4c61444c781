"""One flat registry: every command class and every scheduled event class, to its rule.

The shift dispatches by ``type(command)`` and ``type(event)`` through these two tables and
nothing else, so each rule module only defines functions and none of them imports another
to collect its handlers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from simulator.engine import commands as c
from simulator.engine import (
    rules_calls,
    rules_desk,
    rules_dialogue,
    rules_everyday,
    rules_incidents,
    rules_safety,
    rules_schedule,
    rules_shift,
)
from simulator.engine import timers as t

if TYPE_CHECKING:
    from simulator.engine.shift import Shift

Handler = Callable[["Shift", Any], None]

#: Command class -> the rule that carries it out.
COMMAND_HANDLERS: dict[type, Handler] = {
    c.SelectTask: rules_desk.select,
    c.AcknowledgeArrival: rules_desk.acknowledge,
    c.AnswerCall: rules_calls.answer,
    c.AskToHold: rules_everyday.ask_to_hold,
    c.HoldCall: rules_calls.hold,
    c.TransferCall: rules_calls.transfer,
    c.EndCall: rules_calls.end,
    c.InstructEmergency: rules_calls.instruct_911,
    c.CallEmergency: rules_incidents.call_emergency,
    c.MoveBystanders: rules_incidents.move_bystanders,
    c.TakeSafetyStep: rules_safety.take_step,
    c.CheckIdentity: rules_desk.check_identity,
    c.ConfirmInsurance: rules_desk.confirm_insurance,
    c.FlagDiscrepancy: rules_desk.flag_discrepancy,
    c.RequestPreauth: rules_desk.request_preauth,
    c.CheckReferral: rules_desk.check_referral,
    c.CheckEligibility: rules_everyday.check_eligibility,
    c.SubmitForm: rules_everyday.submit_form,
    c.SetAuthHold: rules_desk.auth_hold,
    c.CollectCopay: rules_desk.collect_copay,
    c.CheckIn: rules_desk.check_in,
    c.Schedule: rules_desk.schedule,
    c.Reschedule: rules_schedule.reschedule,
    c.Cancel: rules_schedule.cancel,
    c.NotifyPatient: rules_schedule.notify,
    c.IssueEstimate: rules_desk.issue_estimate,
    c.VerifyAuthority: rules_desk.verify_authority,
    c.Disclose: rules_desk.disclose,
    c.RefuseDisclosure: rules_desk.refuse,
    c.Route: rules_desk.route,
    c.FixTelehealth: rules_desk.fix_telehealth,
    c.SwitchToPaper: rules_incidents.switch_to_paper,
    c.Reconcile: rules_incidents.reconcile,
    c.ChooseReply: rules_dialogue.choose_reply,
    c.SilentAlarm: rules_incidents.silent_alarm,
    c.CallSupport: rules_incidents.call_support,
    c.RerouteCalls: rules_incidents.reroute,
    c.LeaveDesk: rules_incidents.leave_desk,
    c.ReturnToDesk: rules_incidents.return_to_desk,
}

#: Scheduled event class -> the rule that makes it happen.
EVENT_HANDLERS: dict[type, Handler] = {
    t.ArrivalDue: rules_shift.arrive,
    t.SystemChangeDue: rules_shift.system_change,
    t.SystemRestoreDue: rules_shift.system_restore,
    t.ShiftEndDue: rules_shift.end_shift,
    t.ImpatienceDue: rules_shift.grow_impatient,
    t.WalkOutDue: rules_shift.walk_out,
    t.RingTimeoutDue: rules_calls.ring_timeout,
    t.HoldTimeoutDue: rules_calls.hold_timeout,
    t.RedFlagDeadlineDue: rules_calls.red_flag_deadline,
    t.IncidentDeadlineDue: rules_incidents.incident_deadline,
    t.RespondersDue: rules_incidents.responders_arrive,
    t.SecurityDue: rules_incidents.security_arrives,
}
