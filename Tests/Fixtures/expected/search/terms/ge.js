handbookSearchLoaded("terms/ge",{"get":[8,1]});
