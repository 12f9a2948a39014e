import type { ComponentProps } from 'react';
import { buttonClasses, type TButtonVariant } from './button-styles';

type TButtonProps = ComponentProps<'button'> & { variant?: TButtonVariant };

export function Button({ variant = 'secondary', className = '', type = 'button', ...props }: TButtonProps) {
  return <button type={type} className={buttonClasses(variant, className)} {...props} />;
}
