// The alert queue on its own, full width: for the officer who works the queue.
import { AlertQueue } from './AlertQueue.tsx';

export function AlertsPage() {
  return (
    <div className="page page-alerts">
      <AlertQueue />
    </div>
  );
}
