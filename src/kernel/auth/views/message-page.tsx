import type { ComponentChildren } from 'preact';
import type { ViewContext } from '../../views/context.ts';
import { AuthPage } from './parts.tsx';

/** A page that only says something (mail sent, link invalid) with an optional next link. */
export function MessagePage(props: {
  ctx: ViewContext;
  title: string;
  text: string;
  link?: { href: string; label: string };
  children?: ComponentChildren;
}) {
  return (
    <AuthPage ctx={props.ctx} title={props.title}>
      <p class="kern-body">{props.text}</p>
      {props.children}
      {props.link && (
        <p>
          <a class="kern-link" href={props.link.href}>
            {props.link.label}
          </a>
        </p>
      )}
    </AuthPage>
  );
}
