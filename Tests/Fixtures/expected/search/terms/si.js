handbookSearchLoaded("terms/si",{"side":[25,28,19,8,20,8,21,8,22,8,23,8,24,8,3,6]});
